package io.gridwork;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(GridworkApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void rendersModuleDocumentation() {
        // once per build: the PostgreSQL run of the same suite would write the same files again
        org.junit.jupiter.api.Assumptions.assumeFalse("postgres".equals(io.gridwork.support.TestDatabaseProfiles.database()),
                "the documentation is rendered by the H2 run");
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder("target/modulith-docs"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
    }
}
