package io.visage.index.switching.internal;

import io.visage.api.index.TemplateIndex;
import io.visage.index.exact.internal.ExactTemplateIndex;

/** The exact index keeps the contract. */
public class ExactIndexContractTest extends TemplateIndexContract {
    @Override
    protected TemplateIndex create() {
        return new ExactTemplateIndex();
    }
}
