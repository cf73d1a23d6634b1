/**
 * File operations every stage shares: atomic writes and renames, names from outside kept inside a
 * root, SHA-256.
 */
package io.chfen.files;
