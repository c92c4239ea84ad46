package dev.smsworker.ops.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The passwords an sms-ops command line may carry, so that no error message repeats them. picocli quotes
 * what it could not parse: {@code Unknown option: '--pasword=s3cret'}, {@code Unmatched argument at
 * index 1: 's3cret'} (a flag put before the subcommand). Collected: the value of any option whose name
 * looks like a password's, typos included ({@code --pasword}, {@code --passwrd}, {@code --pssword},
 * {@code --pw}), or a secret's, token's or credential's (as {@code --opt value} or {@code --opt=value}),
 * and {@code SMS_OPS_PASSWORD}. Hiding too much costs a less helpful message; too little, a password.
 */
public record ArgumentSecrets(List<String> values) {

    private static final Pattern SECRET_NAME = Pattern.compile("pas|pss|wor|pw|secret|token|cred");

    public static ArgumentSecrets of(String[] args, Map<String, String> env) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                continue;
            }
            int equals = arg.indexOf('=');
            String name = (equals < 0 ? arg : arg.substring(0, equals)).toLowerCase(Locale.ROOT);
            if (!SECRET_NAME.matcher(name).find()) {
                continue;
            }
            if (equals >= 0) {
                values.add(arg.substring(equals + 1));
            } else if (i + 1 < args.length) {
                values.add(args[i + 1]);
            }
        }
        String fromEnv = env.get(BrokerSettings.ENV_PREFIX + "PASSWORD");
        if (fromEnv != null) {
            values.add(fromEnv);
        }
        values.removeIf(String::isEmpty);
        return new ArgumentSecrets(List.copyOf(values));
    }

    /** {@code text} with every collected password replaced by {@code <hidden>}. */
    public String hide(String text) {
        String hidden = text;
        for (String value : values) {
            hidden = hidden.replace(value, "<hidden>");
        }
        return hidden;
    }
}
