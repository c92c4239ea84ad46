package dev.smsworker.ops.observability;

import tools.jackson.databind.JsonNode;

/** The shipped definitions, for a throwaway test vhost. */
final class VhostDefinitions {

    private VhostDefinitions() {
    }

    /**
     * ops/rabbitmq/definitions.json exactly as shipped: a vhost-scoped import ({@code POST
     * /api/definitions/<vhost>}) puts every policy, exchange, queue and binding into the vhost it is given,
     * whatever their {@code vhost} field says. Nothing is stripped for older brokers: the file must import
     * on every RabbitMQ the README supports (issue 15: its {@code delivery-limit: -1} failed on 3.10 and
     * the test used to remove it).
     */
    static JsonNode asShipped() {
        return RepoFiles.json(RabbitDefinitionsTest.DEFINITIONS);
    }

    static JsonNode permission(String user) {
        for (JsonNode permission : RepoFiles.json(RabbitDefinitionsTest.USERS).path("permissions")) {
            if (permission.path("user").asString().equals(user)) {
                return permission;
            }
        }
        throw new AssertionError("no permissions for " + user + " in " + RabbitDefinitionsTest.USERS);
    }
}
