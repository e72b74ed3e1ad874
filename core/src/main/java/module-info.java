/**
 * dvj's core. The library API is {@code dev.dvj.core.lib.Dvj}; the packages its methods name (ids,
 * errors, lineage trees and what they hold) are exported with it, and {@code odb} for the
 * {@code MediumProvider} service that other media (dvj-remote-storage's S3) implement. Everything
 * else is dvj's own: the CLI and remote-storage use it from the class path, where a module's
 * boundaries do not apply, and nothing outside dvj should.
 */
module dev.dvj.core {
    requires transitive org.eclipse.jgit;
    requires com.fasterxml.jackson.annotation;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.fasterxml.jackson.dataformat.csv;
    requires org.apache.commons.compress;
    requires datasketches.java;
    requires org.apache.datasketches.memory;
    requires jdk.management;
    requires openlineage.java;

    exports dev.dvj.core.lib;
    exports dev.dvj.core;
    exports dev.dvj.core.hash;
    exports dev.dvj.core.lineage;
    exports dev.dvj.core.scm;
    exports dev.dvj.core.pointer;
    exports dev.dvj.core.odb;

    // Jackson reads and writes dvj's records (profiles, locks, results) by reflection.
    opens dev.dvj.core to com.fasterxml.jackson.databind;
    opens dev.dvj.core.api to com.fasterxml.jackson.databind;
    opens dev.dvj.core.chunk to com.fasterxml.jackson.databind;
    opens dev.dvj.core.config to com.fasterxml.jackson.databind;
    opens dev.dvj.core.experiments to com.fasterxml.jackson.databind;
    opens dev.dvj.core.hash to com.fasterxml.jackson.databind;
    opens dev.dvj.core.history to com.fasterxml.jackson.databind;
    opens dev.dvj.core.imports to com.fasterxml.jackson.databind;
    opens dev.dvj.core.io to com.fasterxml.jackson.databind;
    opens dev.dvj.core.lib to com.fasterxml.jackson.databind;
    opens dev.dvj.core.lineage to com.fasterxml.jackson.databind;
    opens dev.dvj.core.odb to com.fasterxml.jackson.databind;
    opens dev.dvj.core.odb.pack to com.fasterxml.jackson.databind;
    opens dev.dvj.core.pipeline to com.fasterxml.jackson.databind;
    opens dev.dvj.core.plots to com.fasterxml.jackson.databind;
    opens dev.dvj.core.report to com.fasterxml.jackson.databind;
    opens dev.dvj.core.pointer to com.fasterxml.jackson.databind;
    opens dev.dvj.core.profile to com.fasterxml.jackson.databind;
    opens dev.dvj.core.scm to com.fasterxml.jackson.databind;
    opens dev.dvj.core.store to com.fasterxml.jackson.databind;
    opens dev.dvj.core.sync to com.fasterxml.jackson.databind;
    opens dev.dvj.core.tree to com.fasterxml.jackson.databind;
    opens dev.dvj.core.workspace to com.fasterxml.jackson.databind;

    uses dev.dvj.core.odb.MediumProvider;
}
