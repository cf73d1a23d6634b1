/**
 * The process stage's composite, {@code ProcessVideos}, and {@code ProcessPipeline}, which feeds it
 * from the crawl's videos and writes its records.
 */
package io.chfen.pipelines.process;
