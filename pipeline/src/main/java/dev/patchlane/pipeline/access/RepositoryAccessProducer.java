package dev.patchlane.pipeline.access;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The allow-list as a bean, built from {@code patchlane.repositories.*}; a bad pattern or root fails start-up. */
public class RepositoryAccessProducer {

    @Produces
    @Singleton
    RepositoryAccessPolicy repositoryAccessPolicy(RepositoryAccessConfig config) {
        return new RepositoryAccessPolicy(Rules.from(config), HostResolver.system());
    }
}
