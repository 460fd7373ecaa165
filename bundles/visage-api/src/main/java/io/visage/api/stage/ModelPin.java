package io.visage.api.stage;

/**
 * Where an operator pins the model version a stage runs for one kind of model: the stage's configuration
 * {@code configurationPid} holds, in {@code filterProperty}, an LDAP filter over {@link io.visage.api.model.ModelService} properties
 * (absent: the highest {@code service.ranking} of the kind serves).
 */
public record ModelPin(String kind, String configurationPid, String filterProperty) {
}
