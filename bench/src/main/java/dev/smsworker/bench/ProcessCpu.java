package dev.smsworker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
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
            return ticks(Files.readString(Path.of("/proc/" + pid + "/stat"))) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU seconds, user plus system, of a JVM's garbage-collection threads so far: the serial collector's
     * pauses run on the {@code VM Thread} (the thread that runs every safepoint operation, so this also counts
     * the few others: deoptimisation, thread dumps, class redefinition; next to the collections they are
     * small), the parallel, G1 and Z collectors' work on their {@code GC Thread#n}, {@code G1 ...} and
     * {@code ZWorker} threads. Unlike pause wall time, this is CPU the collector really used: on a loaded
     * machine a pause also lasts while its thread waits for a core. 0 when the process is gone.
     */
    public static double gcSeconds(long pid) {
        return threadSeconds(pid, ProcessCpu::isGcThread);
    }

    /** CPU seconds of a JVM's JIT compiler threads ({@code C1 CompilerThre...}, {@code C2 CompilerThre...}) so far. */
    public static double jitSeconds(long pid) {
        return threadSeconds(pid, name -> name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler"));
    }

    /**
     * Voluntary context switches so far, summed over the live threads of {@code pid}: each is a thread that blocked
     * (on a lock, a queue, a socket, a park) and gave up its core. Per message it counts the hand-offs between
     * threads, which cost CPU at every rate but are shared by many messages only when the worker is busy. Threads
     * that ended are not counted; 0 when the process is gone.
     */
    public static long voluntaryContextSwitches(long pid) {
        return voluntaryContextSwitchesByThread(pid).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * {@link #voluntaryContextSwitches} per kind of thread: the name from /proc's comm (15 characters) without its
     * digits, so {@code ForkJoinPool-1-worker-2} and {@code -3} (virtual threads' carriers) count together.
     */
    public static Map<String, Long> voluntaryContextSwitchesByThread(long pid) {
        Map<String, Long> switches = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("\\d+", "#");
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            switches.merge(name, Long.parseLong(line.substring(line.indexOf(':') + 1).strip()), Long::sum);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            // the process is gone
        }
        return switches;
    }

    /**
     * CPU seconds so far of a JVM's threads named {@code java}: the launcher's thread and the one that runs
     * {@code main} (the JVM does not rename it). Until the worker is ready that is Spring's start, one thread
     * after the other: the critical path, which the JIT compilers and other processes slow down by taking
     * the cores, not by adding to it.
     */
    public static double mainThreadSeconds(long pid) {
        return threadSeconds(pid, name -> name.equals("java"));
    }

    /** CPU seconds so far of the live threads of {@code pid} whose name (/proc's comm, 15 characters) matches. */
    private static double threadSeconds(long pid, Predicate<String> name) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.mapToDouble(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    return name.test(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))) ? ticks(stat) / TICKS_PER_SECOND : 0;
                } catch (IOException | RuntimeException e) {
                    return 0; // the thread ended meanwhile
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean isGcThread(String name) {
        return name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")
                || name.startsWith("ZWorker") || name.startsWith("ZDriver") || name.startsWith("Shenandoah");
    }

    /** utime + stime, in clock ticks, of a /proc stat line. */
    private static long ticks(String stat) {
        // Fields after the command (which may hold spaces) start after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
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
