/* textscore.h: the text-overlap scorers of SPEC section 7: SQuAD token F1 for
 * "f1" items and ROUGE-L F1 for "rouge" items. Pure functions of two strings:
 * no I/O, no locale changes, nothing kept between calls.
 *
 * Ownership: every const char * argument is borrowed and may be NULL, which
 * counts as the empty string; squad_normalize() returns a string the caller
 * frees. Text is UTF-8; invalid bytes are not rejected but decoded the way
 * text.c does, which never reads past the terminating NUL.
 *
 * Word characters, for both scorers: ASCII letters and digits; non-ASCII code
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

/* SQuAD normalization (evaluate-v1.1.py's normalize_answer): lower-case
 * (Unicode, via text_fold), drop every character that is neither a word
 * character nor white space (ASCII punctuation as SQuAD does, and also
 * Unicode punctuation, symbols and controls, so curly quotes and dashes do
 * not glue or split words), drop the words "a", "an" and "the", and join the
 * remaining words with single spaces. Caller frees. */
char *squad_normalize(const char *s);

/* SQuAD token F1 between a prediction and a ground truth, both normalized and
 * split on spaces. common = the size of the multiset intersection of the two
 * word lists; when either list is empty, F1 is 1 if both are and 0 otherwise
 * (SQuAD v2.0's rule; v1.1 gave 0 for two empty answers); else
 * P = common/len(prediction), R = common/len(truth), F1 = 2PR/(P+R), or 0
 * when common is 0. */
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
