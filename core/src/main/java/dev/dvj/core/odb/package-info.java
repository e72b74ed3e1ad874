/**
 * The object database: one contract ({@link dev.dvj.core.odb.ObjectDatabase}) for every place
 * content-addressed objects live, the local cache and each kind of remote alike, and the
 * operations written once on top of it: which of a set of objects a database holds
 * ({@link dev.dvj.core.odb.Survey}) and copying objects between two databases
 * ({@link dev.dvj.core.odb.ObjectCopier}). Nothing here knows of pipelines, Git or a medium's SDK.
 */
package dev.dvj.core.odb;
