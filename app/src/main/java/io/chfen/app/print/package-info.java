/**
 * Everything the command line prints: the aligned tables, the number formats, the stage summaries
 * read back from a run, the training and evaluation tables, the live progress lines.
 *
 * <p>Printing only: what is printed is computed elsewhere (dataset/, model-trainer/), and read from
 * what the stages wrote.
 */
package io.chfen.app.print;
