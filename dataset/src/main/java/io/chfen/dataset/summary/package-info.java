/**
 * The stages' accounting, read back from what they wrote: every input produced, filtered or failed,
 * by reason; written as the run's summary JSON.
 *
 * <p>Data only: the tables are printed in {@code io.chfen.app.print}.
 */
package io.chfen.dataset.summary;
