package io.gridwork.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The first start of a real installation (demo off), each on a database of its own so that the shared demo
 * database stays as it is.
 */
class FirstAdminTests {

    static void assertOneFreshAdmin(JdbcClient jdbc) {
        assertThat(jdbc.sql("select count(*) from account").query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select authority from account_authority a join account c on c.id = a.account_id where c.username = 'admin'")
                .query(String.class).list()).containsExactlyInAnyOrder("ROLE_ADMIN", "PII_UNMASK");
        assertThat(jdbc.sql("select must_change_password from account where username = 'admin'").query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select count(*) from grid_node").query(Integer.class).single()).as("no demo community").isZero();
        assertThat(jdbc.sql("select action from account_audit").query(String.class).list()).containsExactly("CREATED");
    }

    @Nested
    @SpringBootTest(properties = {"gridwork.demo.enabled=false", "gridwork.admin.password=Our-own-Start-2026",
        "spring.datasource.url=jdbc:h2:mem:first-admin-given;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"})
    @AutoConfigureMockMvc
    @ActiveProfiles("test")
    class WithAGivenPassword {

        @Autowired
        MockMvc mvc;
        @Autowired
        JdbcClient jdbc;
        @Autowired
        ApplicationContext context;

        @Test
        void createsTheAdminWithThatPasswordWhichMustBeChangedAtFirstSignIn() throws Exception {
            assertOneFreshAdmin(jdbc);
            mvc.perform(formLogin().user("admin").password("gridwork-demo")).andExpect(unauthenticated());
            var session = mvc.perform(formLogin().user("admin").password("Our-own-Start-2026")).andExpect(authenticated())
                    .andReturn().getResponse().getCookie("SESSION");
            mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/me/password"));
        }
    }

    @Nested
    @SpringBootTest(properties = {"gridwork.demo.enabled=false", "gridwork.admin.password=Our-own-Start-2026",
        "spring.datasource.url=jdbc:h2:mem:first-admin-race;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"})
    @ActiveProfiles("test")
    class TwoInstancesStartingAtOnce {

        @Autowired
        JdbcClient jdbc;
        @Autowired
        ApplicationContext context;

        @Test
        void createOneAdminBetweenThem() throws Exception {
            // back to an empty database, then two "instances" run the first-start step at the same moment
            jdbc.sql("delete from account_audit").update();
            jdbc.sql("delete from account_authority").update();
            jdbc.sql("delete from account").update();
            Object firstAdmin = context.getBean(Class.forName("io.gridwork.access.internal.FirstAdmin"));
            var step = firstAdmin.getClass().getDeclaredMethod("createIfNone");
            step.setAccessible(true);
            var ready = new java.util.concurrent.CyclicBarrier(2);
            var failures = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
            Thread[] starts = new Thread[2];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = new Thread(() -> {
                    try {
                        ready.await();
                        step.invoke(firstAdmin);
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
                starts[i].start();
            }
            for (Thread t : starts) {
                t.join();
            }
            assertThat(failures).isEmpty();
            assertThat(jdbc.sql("select count(*) from account where username = 'admin'").query(Integer.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from account_authority where authority = 'ROLE_ADMIN'").query(Integer.class).single())
                    .isEqualTo(1);
        }
    }

    @Nested
    @SpringBootTest(properties = {"gridwork.demo.enabled=false", "gridwork.admin.password=",
        "spring.datasource.url=jdbc:h2:mem:first-admin-generated;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"})
    @AutoConfigureMockMvc
    @ActiveProfiles("test")
    @ExtendWith(OutputCaptureExtension.class)
    class WithAGeneratedPassword {

        @Autowired
        MockMvc mvc;
        @Autowired
        JdbcClient jdbc;

        @Test
        void generatesAStrongPasswordPrintsItOnceAndRequiresAChange(CapturedOutput output) throws Exception {
            assertOneFreshAdmin(jdbc);
            Matcher m = Pattern.compile("user name: admin\\s+password:\\s+(\\S+)").matcher(output.getAll());
            assertThat(m.find()).as("the generated password is in the log").isTrue();
            String password = m.group(1);
            assertThat(PasswordPolicy.problem("admin", password)).isNull();
            assertThat(password).hasSizeGreaterThanOrEqualTo(14);
            assertThat(output.getAll().split(Pattern.quote(password), -1)).as("printed once").hasSize(2);
            var session = mvc.perform(formLogin().user("admin").password(password)).andExpect(authenticated())
                    .andReturn().getResponse().getCookie("SESSION");
            mvc.perform(get("/api/grid/tree").cookie(session))
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isForbidden())
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.code")
                            .value("password-change-required"));
            assertThat(List.of(password)).doesNotContain("gridwork-demo");
        }
    }
}
