package io.visage.api.storage;

/** A saved image that still lacks a template of the model being rolled out. */
public record FaceToEmbed(long faceId, String userReference, long imageId, byte[] image) {
}
