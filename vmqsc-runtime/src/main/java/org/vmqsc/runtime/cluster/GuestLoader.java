package org.vmqsc.runtime.cluster;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;

/**
 * Guest programs named in a cluster's config by class: a concrete subclass of the core's
 * {@link Guest} (deterministic: it changes only on a receipt or a timer firing, and copies itself
 * for a checkpoint) with a public constructor {@code (int vm, Ledger ledger)}. The class is
 * checked when the config is read, so a wrong name is one line at start-up, not a crash later.
 */
public final class GuestLoader {
  private GuestLoader() {}

  /** The constructor a guest class must have; IllegalArgumentException saying what is wrong. */
  public static Constructor<? extends Guest> constructor(String className) {
    Class<?> c;
    try {
      c = Class.forName(className, false, GuestLoader.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("no class " + className + " on the class path");
    }
    if (!Guest.class.isAssignableFrom(c) || Modifier.isAbstract(c.getModifiers())) {
      throw new IllegalArgumentException(className + " is not a concrete "
          + Guest.class.getName());
    }
    try {
      return c.asSubclass(Guest.class).getConstructor(int.class, Ledger.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(className + " has no public constructor (int vm, "
          + "Ledger ledger)");
    }
  }

  /** A new guest of {@code className} for VM {@code vm}. */
  public static Guest create(String className, int vm, Ledger ledger) {
    try {
      return constructor(className).newInstance(vm, ledger);
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalArgumentException("cannot create " + className + ": " + e, e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(className + " failed to start for vm " + vm + ": "
          + e.getCause(), e.getCause());
    }
  }
}
