/**
 * The ingest stage: files a user already has → the crawl stage's outputs (metadata, rejected,
 * pages, failures, media), so process and encode run unchanged. Stage logic lives in {@code
 * io.chfen.dataset.ingest}.
 */
package io.chfen.pipelines.ingest;
