package dev.patchlane.decoding.emulator.bench;

import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The same streams without HTTP: subscribed to the decoder directly, stamped as its events arrive. */
final class InProcessLoad {

    private final Decoder decoder;

    InProcessLoad(Decoder decoder) {
        this.decoder = decoder;
    }

    void run(List<String> prompts, List<StreamSample> samples, long rampNanos, long timeoutSeconds) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(prompts.size());
        long begin = System.nanoTime();
        for (int i = 0; i < prompts.size(); i++) {
            long due = begin + (prompts.size() == 1 ? 0 : rampNanos * i / (prompts.size() - 1));
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            StreamSample sample = samples.get(i);
            DecodeRequest request = new DecodeRequest(List.of(ChatMessage.user(prompts.get(i))), 4096, null);
            // The clock starts when the stream was due, so a generator or server falling behind is not hidden.
            sample.sentAt = due;
            decoder.stream(request).subscribe().withSubscriber(new Flow.Subscriber<DecodeEvent>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(DecodeEvent event) {
                    if (event instanceof DecodeEvent.Chunk) {
                        sample.token(System.nanoTime());
                    } else if (event instanceof DecodeEvent.Finished finished) {
                        sample.completionTokens = finished.usage().completionTokens();
                        sample.status = 200;
                    }
                }

                @Override
                public void onError(Throwable failure) {
                    sample.error = String.valueOf(failure);
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    done.countDown();
                }
            });
        }
        if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(done.getCount() + " in-process streams did not end within " + timeoutSeconds + " s");
        }
    }
}
