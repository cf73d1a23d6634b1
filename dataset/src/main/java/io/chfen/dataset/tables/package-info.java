/**
 * Reading the table files users bring (annotation exports, lists of videos): CSV, TSV and JSON
 * Lines as rows of named cells, each bad row rejected with its file, line and cause.
 */
package io.chfen.dataset.tables;
