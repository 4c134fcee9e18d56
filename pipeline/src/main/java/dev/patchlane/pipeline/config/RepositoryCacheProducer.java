package dev.patchlane.pipeline.config;

import dev.patchlane.codebase.RepositoryCache;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One mirror cache per process, shared by every stage in it. */
public class RepositoryCacheProducer {

    @Produces
    @Singleton
    RepositoryCache repositoryCache(PatchlaneConfig config) {
        return new RepositoryCache(config.gitCacheDir(), config.gitRefreshInterval());
    }

    void close(@Disposes RepositoryCache cache) {
        cache.close();
    }
}
