package io.gridwork.iot;

/** What other modules may ask of the IoT module. */
public interface IotApi {

    /** Whether any device is registered (the demo seeds only an empty registry). */
    boolean hasDevices();

    /**
     * Registers a device without a signed-in account (the demo, provisioning scripts); the secret is
     * generated and not returned. {@code type} is a device type name, {@code owner} a party name (null: PROPERTY).
     */
    long registerUnattended(String code, String type, String name, long buildingId, String locationText, String owner,
            String createdBy);
}
