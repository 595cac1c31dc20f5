package io.gridwork.demo;

/**
 * Published once the application is ready, to run the demo seeders in their order ({@code @Order} on each listener):
 * on the main thread before the start-up address is printed, or, with {@code gridwork.demo.background=true} (the
 * README's {@code ./mvnw spring-boot:run}), on a thread of its own after the port opened. See {@link DemoLauncher}.
 */
record DemoStart() {
}
