package io.gridwork.iot.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(IotProperties.class)
class IotConfiguration {
}
