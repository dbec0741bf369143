/**
 * The journal commands: {@code replay}, {@code journal dump} and {@code statement}, which read a journal written by
 * the service or by {@code scenario --journal}.
 */
package io.perprisk.cli.journal;
