package dev.smsworker.ops.observability;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** ops/rabbitmq/definitions.json cut down to what a vhost-scoped import takes, for a throwaway test vhost. */
final class VhostDefinitions {

    private VhostDefinitions() {
    }

    static JsonNode production() {
        return RepoFiles.json(RabbitDefinitionsTest.DEFINITIONS);
    }

    /**
     * Policies, exchanges, queues and bindings without their {@code vhost} field (the import puts them
     * into the vhost it is given). RabbitMQ 3.x rejects {@code delivery-limit: -1}, which RabbitMQ 4 needs
     * to mean "unlimited"; 3.x quorum queues have no limit unless one is set, so on 3.x the test drops
     * the key (and the policy, if nothing else is left in it): the effect is the same.
     */
    static JsonNode forImport(int brokerMajorVersion) {
        JsonNode production = production();
        ObjectNode result = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (String section : new String[] {"policies", "exchanges", "queues", "bindings"}) {
            ArrayNode entries = result.putArray(section);
            for (JsonNode entry : production.path(section)) {
                ObjectNode copy = ((ObjectNode) entry.deepCopy());
                copy.remove("vhost");
                if (section.equals("policies") && brokerMajorVersion < 4
                        && copy.path("definition").path("delivery-limit").asInt() == -1) {
                    ((ObjectNode) copy.path("definition")).remove("delivery-limit");
                    if (copy.path("definition").isEmpty()) {
                        continue;
                    }
                }
                entries.add(copy);
            }
        }
        return result;
    }

    static JsonNode permission(String user) {
        for (JsonNode permission : production().path("permissions")) {
            if (permission.path("user").asString().equals(user)) {
                return permission;
            }
        }
        throw new AssertionError("no permissions for " + user + " in " + RabbitDefinitionsTest.DEFINITIONS);
    }
}
