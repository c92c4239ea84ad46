package dev.smsworker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time used by processes, from /proc (Linux). On a shared, noisy machine a rate is what the
 * others left us; CPU time per message is what the work costs.
 */
public final class ProcessCpu {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private ProcessCpu() {
    }

    /** User plus system CPU seconds of a process so far; 0 when it is gone. */
    public static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command (which may hold spaces) start after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The RabbitMQ nodes on this machine (beam.smp processes running rabbit). */
    public static List<Long> brokerPids() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                            return cmdline.contains("beam.smp") && cmdline.contains("rabbit");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public static double seconds(List<Long> pids) {
        return pids.stream().mapToDouble(ProcessCpu::seconds).sum();
    }
}
