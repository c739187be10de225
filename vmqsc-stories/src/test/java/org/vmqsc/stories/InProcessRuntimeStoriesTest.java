package org.vmqsc.stories;

/** The recovery stories on manager and hypervisor nodes in this JVM, over real gRPC. */
class InProcessRuntimeStoriesTest extends RecoveryStories {
  @Override
  ClusterDriver.Factory driver() {
    return InJvmNodes.FACTORY;
  }
}
