/**
 * The benchmark harnesses behind {@code chfen dev bench}: each measures one stage or component on
 * the sample data, side by side with its baseline in one run, and returns a printable table.
 *
 * <p>Only measuring lives here: no stage logic (that is in dataset/ and encoders/), no timed
 * assertions (tests never assert speed; docs/benchmarks.md records what these print).
 */
package io.chfen.app.bench;
