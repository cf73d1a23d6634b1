/** Dependency-free file formats: SRT, WAV. */
package io.chfen.formats;
