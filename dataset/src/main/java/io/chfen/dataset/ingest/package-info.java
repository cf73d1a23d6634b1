/**
 * Bringing videos a user already has into the pipeline, plain Java: the sources (a directory, a
 * list file), the stable ids of their items, and storing their media in the same content-addressed
 * store the crawl fills, so every later stage runs unchanged.
 *
 * <p>No Beam: {@code io.chfen.pipelines} wraps these classes in composites.
 */
package io.chfen.dataset.ingest;
