package dev.dvj.core.odb;

import dev.dvj.core.hash.ObjectId;

/** The contract on the in-memory database. */
class MemoryDatabaseContractTest extends ObjectDatabaseContract {
    @Override
    protected ObjectDatabase open() {
        return new MemoryDatabase("memory");
    }

    @Override
    protected void damage(ObjectDatabase database, ObjectId id, byte[] bytes) {
        ((MemoryDatabase) database).corrupt(id, bytes);
    }
}
