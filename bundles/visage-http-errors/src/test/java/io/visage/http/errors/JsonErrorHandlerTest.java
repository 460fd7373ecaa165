package io.visage.http.errors;

import static org.junit.Assert.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.Test;

public class JsonErrorHandlerTest {
    @Test
    public void badMessagesAreTheSeedsJson() {
        HttpFields fields = new HttpFields();
        ByteBuffer body = new JsonErrorHandler().badMessageError(414, "URI Too Long", fields);
        assertEquals("{\"status\":414,\"message\":\"Request URI too long.\"}", StandardCharsets.UTF_8.decode(body).toString());
        assertEquals("application/json", fields.get(HttpHeader.CONTENT_TYPE));
    }

    @Test
    public void serverSideFailuresOfARequestAreTheGeneric400() {
        assertEquals(400, JsonErrorHandler.clientStatus(500));
        assertEquals(400, JsonErrorHandler.clientStatus(503));
        assertEquals(431, JsonErrorHandler.clientStatus(431));
        assertEquals("Problem trying to process request.", JsonErrorHandler.messageFor(400));
        assertEquals("Request timeout.", JsonErrorHandler.messageFor(408)); // a stalled or trickling upload
    }
}
