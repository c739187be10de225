package org.vmqsc.stories;

/**
 * The recovery stories on real processes (SIGKILL for a crash). Each takes tens of seconds, so a
 * default build runs the VM and host failure stories for VM_QSC and coordinated checkpointing
 * (the in-process runtime runs them for every protocol), and {@code VMQSC_ALL_STORIES=1} runs
 * every story for every protocol.
 */
class ProcessStoriesTest extends RecoveryStories {
  @Override
  ClusterDriver.Factory driver() {
    return ProcessNodes.FACTORY;
  }

  @Override
  boolean runsByDefault(String protocol) {
    return protocol.equals("vmqsc") || protocol.equals("coordinated");
  }

  @Override
  boolean runsEveryStory() {
    return "1".equals(System.getenv("VMQSC_ALL_STORIES"));
  }
}
