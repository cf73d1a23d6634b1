/**
 * The crawl stage's composites: {@code CrawlVideos}, {@code FilterVideos} (with {@code
 * FlagNearDuplicates}), {@code DownloadMedia}, and {@code CrawlPipeline}, which wires them into a
 * run's layout.
 */
package io.chfen.pipelines.crawl;
