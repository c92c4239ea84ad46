package dev.smsworker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a figure was measured on: cores, memory, load, JDK. Figures without this are not figures. */
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + memoryGib() + " GiB, load " + loadAverage()
                + ", JDK " + Runtime.version();
    }

    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memoryGib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
