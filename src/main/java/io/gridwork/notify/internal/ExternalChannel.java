package io.gridwork.notify.internal;

/** An external channel: delivers one outbox row or throws, with a message fit for the delivery log. */
interface ExternalChannel {

    ChannelType type();

    void send(Delivery delivery) throws Exception;
}
