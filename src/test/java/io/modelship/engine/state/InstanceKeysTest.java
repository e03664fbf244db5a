package io.modelship.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class InstanceKeysTest {

  @Test
  void shouldKeepEachKeyOnceInTheOrderAdded() {
    // given
    InstanceKeys keys = new InstanceKeys();

    // when
    keys.add(30);
    keys.add(10);
    keys.add(20);
    keys.add(10);

    // then
    assertThat(keys.toArray()).containsExactly(30, 10, 20);
    assertThat(keys.isEmpty()).isFalse();
  }

  @Test
  void shouldRemoveAKeyKeepingTheOthersInOrderAndBeEmptyOnceAllAreGone() {
    // given
    InstanceKeys keys = new InstanceKeys();
    keys.add(1);
    keys.add(2);
    keys.add(3);

    // when
    keys.remove(2);
    keys.remove(99);

    // then
    assertThat(keys.toArray()).containsExactly(1, 3);
    keys.remove(1);
    keys.remove(3);
    assertThat(keys.isEmpty()).isTrue();
    assertThat(keys.toArray()).isEmpty();
  }

  @Test
  void shouldBehaveAlikePastTheSmallSizeWhereKeysMoveToASet() {
    // given: a model of the same operations on a list
    InstanceKeys keys = new InstanceKeys();
    List<Long> model = new ArrayList<>();
    long[] added = LongStream.range(0, InstanceKeys.SMALL * 3L).map(i -> 1000 - i * 7).toArray();

    // when: adding past SMALL, with repeats, then removing every third
    for (long key : added) {
      keys.add(key);
      keys.add(key);
      model.add(key);
    }
    for (int i = 0; i < added.length; i += 3) {
      keys.remove(added[i]);
      model.remove(Long.valueOf(added[i]));
    }
    keys.add(5);
    model.add(5L);

    // then
    assertThat(keys.toArray()).containsExactly(model.stream().mapToLong(Long::longValue).toArray());
    for (long key : keys.toArray()) {
      keys.remove(key);
    }
    assertThat(keys.isEmpty()).isTrue();
  }

  @Test
  void shouldGiveACopySoThatKeysCanBeRemovedWhileGoingThroughIt() {
    // given
    InstanceKeys keys = new InstanceKeys();
    keys.add(4);
    keys.add(5);

    // when
    long[] all = keys.toArray();
    for (long key : all) {
      keys.remove(key);
    }

    // then
    assertThat(all).containsExactly(4, 5);
    assertThat(keys.isEmpty()).isTrue();
  }
}
