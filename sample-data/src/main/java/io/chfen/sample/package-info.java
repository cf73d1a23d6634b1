/**
 * Where the local sample data lives ({@code chfen.home}): the corpus's source material and the
 * generated corpus.
 */
package io.chfen.sample;
