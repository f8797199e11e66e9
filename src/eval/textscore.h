/* textscore.h: the text-overlap scorers of SPEC section 7: SQuAD v1.1 token
 * F1 for "f1" items and ROUGE-L F1 for "rouge" items. Pure functions of two strings:
 * no I/O, no locale changes, nothing kept between calls.
 *
 * Ownership: every const char * argument is borrowed and may be NULL, which
 * counts as the empty string; squad_normalize() returns a string the caller
 * frees. Text is UTF-8; invalid bytes are not rejected but decoded the way
 * text.c does, which never reads past the terminating NUL.
 *
 * Word characters, for ROUGE-L: ASCII letters and digits; non-ASCII code
 * points glibc's C.UTF-8 tables call alphanumeric (iswalnum_l: accented and
 * non-Latin letters, CJK, other scripts' digits); and combining diacritical
 * marks (U+0300-036F, U+1AB0-1AFF, U+1DC0-1DFF, U+20D0-20FF, U+FE20-FE2F), so
 * a decomposed "é" stays one word. White space is text_is_space() plus the
 * no-break spaces (U+00A0, U+2007, U+202F) glibc leaves out of it. Without a
 * C.UTF-8 locale every non-ASCII code point is a word character.
 */
#ifndef LOCO_TEXTSCORE_H
#define LOCO_TEXTSCORE_H

/* ROUGE-L looks at no more than this many tokens of each side; the rest of a
 * longer text is ignored. The LCS costs tokens(candidate) x tokens(reference)
 * steps, so this bounds one score at 4e8 steps (well under a second), far
 * past any answer a 512-token generation can produce. */
#define ROUGE_MAX_TOKENS 20000

/* SQuAD v1.1 normalization, exactly evaluate-v1.1.py's normalize_answer
 * under Python 3: lower-case as str.lower() does (towlower, plus U+0130 ->
 * "i" U+0307 and the final sigma), delete the ASCII characters of Python's
 * string.punctuation and nothing else (curly quotes, dashes and controls
 * stay), replace each "a", "an" and "the" that is a whole run of Python \w
 * characters (Unicode letters and digits, "_") with a space, and split on
 * Python's white space (str.isspace: also U+00A0, U+2000-200A, U+3000, ...).
 * The tokens are joined with single spaces. Two approximations: Unicode's
 * Cased and Case_Ignorable properties (for the final sigma) and Python's \w
 * for non-ASCII code points come from glibc's C.UTF-8 tables. Caller frees. */
char *squad_normalize(const char *s);

/* SQuAD v1.1 token F1 (evaluate-v1.1.py's f1_score) between a prediction
 * and one ground truth: both normalized and split; common = the size of the
 * multiset intersection; 0 when common is 0 (two empty answers included,
 * as v1.1 gives), else P = common/len(prediction), R = common/len(truth),
 * F1 = 2PR/(P+R). Reference values: tests/reference/squad_v1_f1.py. */
double token_f1(const char *prediction, const char *truth);

/* ROUGE-L F1 (Lin 2004, F-measure with beta = 1, as rouge-score's rougeL
 * without stemming). Tokens are lower-cased runs of word characters, so
 * "don't" is "don" and "t" and "_" separates like rouge-score's [^a-z0-9];
 * unlike rouge-score, which deletes every non-ASCII character, Unicode
 * letters stay in their words. lcs = the longest common subsequence of the
 * token sequences, each cut to ROUGE_MAX_TOKENS; P = lcs/len(candidate),
 * R = lcs/len(reference), F1 = 2PR/(P+R); 0 when either side has no tokens or
 * lcs is 0. */
double rouge_l_f1(const char *candidate, const char *reference);

#endif
