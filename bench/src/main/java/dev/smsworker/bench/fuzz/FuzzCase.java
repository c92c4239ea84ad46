package dev.smsworker.bench.fuzz;

import com.rabbitmq.client.AMQP;

/** One bad (or, for controls, good) message: what it tests, where it goes, what it carries. */
record FuzzCase(String id, String category, String routingKey, byte[] body, AMQP.BasicProperties properties) {

    /** Header that tags every case, so its copy in sms.failed is found whatever the body held. */
    static final String ID_HEADER = "fuzz-id";
}
