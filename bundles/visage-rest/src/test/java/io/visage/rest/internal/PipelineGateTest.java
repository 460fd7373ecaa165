package io.visage.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.core.Response;

import org.junit.Test;

public class PipelineGateTest {
    private static final String MULTIPART = "multipart/form-data; boundary=x";

    /** A request context answering only what the gate asks. */
    private static final class Request {
        final Map<String, Object> properties = new HashMap<>();
        final AtomicReference<Response> aborted = new AtomicReference<>();
        final ContainerRequestContext context;

        Request(String contentType) {
            context = (ContainerRequestContext) Proxy.newProxyInstance(PipelineGateTest.class.getClassLoader(),
                    new Class<?>[] {ContainerRequestContext.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "getHeaderString":
                                return "Content-Type".equals(args[0]) ? contentType : null;
                            case "setProperty":
                                properties.put((String) args[0], args[1]);
                                return null;
                            case "getProperty":
                                return properties.get((String) args[0]);
                            case "removeProperty":
                                properties.remove((String) args[0]);
                                return null;
                            case "abortWith":
                                aborted.set((Response) args[0]);
                                return null;
                            default:
                                throw new UnsupportedOperationException(m.getName());
                        }
                    });
        }
    }

    private static final ContainerResponseContext RESPONSE = (ContainerResponseContext) Proxy.newProxyInstance(
            PipelineGateTest.class.getClassLoader(), new Class<?>[] {ContainerResponseContext.class}, (p, m, a) -> {
                throw new UnsupportedOperationException(m.getName());
            });

    private static Request enter(PipelineGate gate, String contentType) {
        Request request = new Request(contentType);
        gate.filter(request.context);
        return request;
    }

    @Test
    public void pastTheSlotsAndTheQueueAMultipartRequestGetsA503InJsonAndSlotsComeBackWithTheAnswer() {
        PipelineGate gate = new PipelineGate(2, 0, 0);
        Request first = enter(gate, MULTIPART);
        Request second = enter(gate, MULTIPART);
        assertNull(first.aborted.get());
        assertNull(second.aborted.get());
        Request third = enter(gate, MULTIPART);
        Response busy = third.aborted.get();
        assertEquals(503, busy.getStatus());
        assertEquals("1", String.valueOf(busy.getHeaders().getFirst("Retry-After")));
        assertEquals(0, gate.available());
        // Requests without a body to process are never held back.
        assertNull(enter(gate, null).aborted.get());
        assertNull(enter(gate, "application/x-www-form-urlencoded").aborted.get());
        gate.filter(third.context, RESPONSE); // a refused request gives back nothing
        assertEquals(0, gate.available());
        gate.filter(first.context, RESPONSE);
        gate.filter(first.context, RESPONSE); // once only
        assertEquals(1, gate.available());
        assertNull(enter(gate, MULTIPART).aborted.get());
    }

    @Test
    public void aWaitingRequestTakesTheNextFreeSlot() throws Exception {
        PipelineGate gate = new PipelineGate(1, 1, 30_000);
        Request holder = enter(gate, MULTIPART);
        CountDownLatch admitted = new CountDownLatch(1);
        AtomicReference<Request> waiter = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            waiter.set(enter(gate, MULTIPART));
            admitted.countDown();
        });
        thread.start();
        while (thread.getState() != Thread.State.TIMED_WAITING && thread.isAlive()) {
            Thread.yield();
        }
        // The queue holds one: the next one is refused at once.
        assertEquals(503, enter(gate, MULTIPART).aborted.get().getStatus());
        gate.filter(holder.context, RESPONSE);
        admitted.await(30, TimeUnit.SECONDS);
        assertNull(waiter.get().aborted.get());
        assertEquals(0, gate.available());
    }

    @Test
    public void noBoundWhenConcurrencyIsZero() {
        PipelineGate gate = new PipelineGate(0, 0, 0);
        for (int i = 0; i < 100; i++) {
            assertNull(enter(gate, MULTIPART).aborted.get());
        }
    }
}
