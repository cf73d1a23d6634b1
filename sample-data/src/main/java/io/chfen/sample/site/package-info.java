/**
 * The sample short-video site on loopback: listing pages, sitemaps, pages in every metadata style,
 * and the broken cases, serving the sample corpus as media; its crawl config.
 */
package io.chfen.sample.site;
