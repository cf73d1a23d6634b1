/**
 * The crawler, plain Java: fetching with politeness, robots.txt and retries, metadata extraction
 * (JSON-LD, microdata, OpenGraph, site profiles), normalization, filters, SimHash, and the media
 * download into the content-addressed store.
 *
 * <p>No Beam: {@code io.chfen.pipelines.crawl} wraps these classes in composites.
 */
package io.chfen.dataset.crawl;
