/* main.c: loco's entry point. Everything happens in cli_main(); this file only
 * exists so tests and fuzzers can link the rest without a main(). */
#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
