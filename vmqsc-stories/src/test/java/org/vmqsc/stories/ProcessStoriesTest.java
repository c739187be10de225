package org.vmqsc.stories;

/**
 * The recovery stories on real processes (SIGKILL for a crash). Each takes tens of seconds, so a
 * default build runs the VM and host failure stories and {@code VMQSC_ALL_STORIES=1} runs them all.
 */
class ProcessStoriesTest extends RecoveryStories {
  @Override
  ClusterDriver.Factory driver() {
    return ProcessNodes.FACTORY;
  }

  @Override
  boolean runsEveryStory() {
    return "1".equals(System.getenv("VMQSC_ALL_STORIES"));
  }
}
