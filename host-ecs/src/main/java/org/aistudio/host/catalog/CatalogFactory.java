package org.aistudio.host.catalog;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.aistudio.core.catalog.JdbcModelCatalog;
import org.aistudio.core.catalog.JdbcModelStore;
import org.aistudio.core.catalog.KnownProviders;
import org.aistudio.core.catalog.ModelRules;
import org.aistudio.core.catalog.ModelStore;
import org.aistudio.core.provider.ProviderRegistry;

/** The catalogue's write side: rules over the providers this host knows, and the store. */
@Factory
public class CatalogFactory {

    @Singleton
    KnownProviders knownProviders(ProviderRegistry registry) {
        return new KnownProviders(registry);
    }

    @Singleton
    ModelRules modelRules(KnownProviders providers) {
        return new ModelRules(providers);
    }

    /** Writes drop this instance's catalogue cache at once; other instances see them within its TTL. */
    @Singleton
    ModelStore modelStore(DataSource dataSource, ModelRules rules, JdbcModelCatalog catalog) {
        return new JdbcModelStore(dataSource, rules, catalog::invalidate);
    }
}
