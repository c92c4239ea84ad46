package dev.smsworker.ops;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sms-ops} command line: inspect and replay the failed queue, send test requests, canary checks. */
@Command(name = "sms-ops", mixinStandardHelpOptions = true, version = "sms-ops 0.1.0",
        description = "Operate sms-worker: inspect and replay failed messages, send test requests, run canaries.")
public class SmsOps implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new SmsOps()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
