/**
 * The {@code chfen} command line: the user's commands (demo, build, crawl, process, encode, train,
 * explain, report, sample, sample-site, flink-cluster), their option mixins, runner configs, and
 * what every command shares ({@link io.chfen.app.cli.Runs}).
 *
 * <p>Commands parse options, run and print; they hold no stage logic and print through {@code
 * io.chfen.app.print}. Developers' commands live in {@code io.chfen.app.cli.dev}.
 */
package io.chfen.app.cli;
