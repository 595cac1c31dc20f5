/**
 * Smart scenes (智慧场景): the device registry, device events over MQTT and signed HTTP, de-duplication
 * into incidents, rules that raise or update demands, heartbeats and offline detection.
 */
@org.springframework.modulith.ApplicationModule(displayName = "IoT")
package io.gridwork.iot;
