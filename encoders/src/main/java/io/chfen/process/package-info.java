/** The keyframe and audio analyzers of the single decoding pass. */
package io.chfen.process;
