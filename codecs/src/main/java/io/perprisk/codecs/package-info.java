/**
 * The JSON Lines text form of the SBE protocol; the flyweights are generated into io.perprisk.codecs.sbe.
 */
package io.perprisk.codecs;
