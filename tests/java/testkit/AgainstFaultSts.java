package testkit;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the tests that run AssumeRole against a fresh scripted STS, one per test. */
public abstract class AgainstFaultSts {
    @TempDir protected Path temp;
    protected FaultSts sts;
    protected AssumeRoleRun job;

    @BeforeEach
    void startFaultSts() {
        sts = FaultSts.start();
        job = new AssumeRoleRun(temp, sts.endpoint());
    }

    @AfterEach
    void stopFaultSts() {
        sts.close();
    }
}
