package io.dialgate.simulator.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording becomes the archive only when a JVM can map it: a broken archive would crash every later start. */
class ClassDataArchiveTest {

    @TempDir
    Path cache;

    @Test
    void recordsWhenThereIsNoArchiveAndMapsOnceThereIsOne() throws IOException {
        Path jar = SimulatorApp.locate();
        ClassDataArchive first = ClassDataArchive.of(jar, cache, List.of("-Xmx256m"));
        assertThat(first.jvmOptions()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit=" + first.recording()));
        assertThat(first.isMapped()).isFalse();

        Files.writeString(first.archive(), "stands for an archive");
        ClassDataArchive second = ClassDataArchive.of(jar, cache, List.of("-Xmx256m"));
        assertThat(second.jvmOptions()).contains("-XX:SharedArchiveFile=" + second.archive());
        assertThat(second.isMapped()).isTrue();
    }

    @Test
    void aTruncatedRecordingIsDiscardedNotPromoted() throws IOException {
        ClassDataArchive archive = ClassDataArchive.of(SimulatorApp.locate(), cache, List.of());
        archive.jvmOptions();
        Files.write(archive.recording(), new byte[100_000]);

        archive.afterExit(true);

        assertThat(archive.archive()).doesNotExist();
        assertThat(archive.recording()).doesNotExist();
    }

    @Test
    void aRecordingOfAProcessThatWasKilledIsDiscarded() throws IOException {
        ClassDataArchive archive = ClassDataArchive.of(SimulatorApp.locate(), cache, List.of());
        archive.jvmOptions();
        Files.write(archive.recording(), new byte[10]);

        archive.afterExit(false);

        assertThat(archive.archive()).doesNotExist();
        assertThat(archive.recording()).doesNotExist();
    }

    @Test
    void jvmOptionsThatChooseClassDataSharingThemselvesTurnItOff() {
        ClassDataArchive archive = ClassDataArchive.of(SimulatorApp.locate(), cache, List.of("-Xshare:off"));

        assertThat(archive.jvmOptions()).isEmpty();
    }
}
