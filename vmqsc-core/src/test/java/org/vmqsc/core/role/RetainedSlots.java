package org.vmqsc.core.role;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An Instrumentation-free estimate of what an object holds on to: the number of array slots and
 * collection entries reachable from it, through the fields of this project's classes, every
 * array, and the elements of JDK collections and maps (walked through their public API, since
 * their fields are closed to reflection). Objects passed as {@code shared} (the topology, the
 * driver's network and storage) are not counted: they are not the role's own state. A structure
 * with one slot per VM per VM shows up as millions of slots; one per channel as a few.
 */
final class RetainedSlots {
  private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private long slots;

  private RetainedSlots(Object... shared) {
    for (Object o : shared) {
      seen.add(o);
    }
  }

  static long of(Object root, Object... shared) {
    RetainedSlots r = new RetainedSlots(shared);
    r.walk(root);
    return r.slots;
  }

  private void walk(Object root) {
    ArrayDeque<Object> todo = new ArrayDeque<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      Object o = todo.poll();
      if (o == null || !seen.add(o)) {
        continue;
      }
      Class<?> c = o.getClass();
      if (c.isArray()) {
        int n = Array.getLength(o);
        slots += n;
        if (!c.getComponentType().isPrimitive()) {
          for (int i = 0; i < n; i++) {
            addIfObject(todo, Array.get(o, i));
          }
        }
      } else if (o instanceof Collection<?> col) {
        slots += col.size();
        col.forEach(e -> addIfObject(todo, e));
      } else if (o instanceof Map<?, ?> m) {
        slots += 2L * m.size();
        m.forEach((k, v) -> {
          addIfObject(todo, k);
          addIfObject(todo, v);
        });
      } else if (c.getName().startsWith("org.vmqsc.") && !c.isHidden()) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
          for (Field f : k.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
              continue;
            }
            f.setAccessible(true);
            try {
              addIfObject(todo, f.get(o));
            } catch (IllegalAccessException e) {
              throw new AssertionError(e);
            }
          }
        }
      }
    }
  }

  private static void addIfObject(ArrayDeque<Object> todo, Object o) {
    if (o != null) {
      todo.add(o);
    }
  }
}
