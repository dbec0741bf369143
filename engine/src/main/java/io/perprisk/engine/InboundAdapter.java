package io.perprisk.engine;

import io.perprisk.codecs.sbe.AccountOpenDecoder;
import io.perprisk.codecs.sbe.AdjustIsolatedMarginDecoder;
import io.perprisk.codecs.sbe.AssetDefinitionDecoder;
import io.perprisk.codecs.sbe.AssetPriceDecoder;
import io.perprisk.codecs.sbe.DepositDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.FundingRateDecoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionDecoder;
import io.perprisk.codecs.sbe.InsuranceFundDepositDecoder;
import io.perprisk.codecs.sbe.MarkPriceDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.codecs.sbe.OrderCanceledDecoder;
import io.perprisk.codecs.sbe.QueryAccountDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.SetLeverageDecoder;
import io.perprisk.codecs.sbe.SetMarginModeDecoder;
import io.perprisk.codecs.sbe.WithdrawDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The inbound side (docs/protocol.md): checks a frame (header length, schema id and version, block length, template,
 * groups and strings inside the frame), counts it by template, wraps the template's decoder and dispatches it to the
 * one collaborator that handles it. An {@code EventRejected} record from the gateway's ingress is answered with the
 * same reject. Engine thread only.
 */
final class InboundAdapter
{
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int TIER_BLOCK_LENGTH = 20;
    private static final int MAX_TEMPLATE_ID = 16;
    /**
     * Longest {@code EventRejected.detail} an ingress reject record may carry.
     */
    private static final int MAX_REJECT_DETAIL_LENGTH = 1024;

    private final EngineCountersImpl counters;
    private final OutboundPublisher publisher;
    private final ReferenceData referenceData;
    private final Wallets wallets;
    private final PositionSettings positionSettings;
    private final PreTradeCheck preTradeCheck;
    private final Executions executions;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final AssetDefinitionDecoder assetDefinitionDecoder = new AssetDefinitionDecoder();
    private final AssetPriceDecoder assetPriceDecoder = new AssetPriceDecoder();
    private final InstrumentDefinitionDecoder instrumentDefinitionDecoder = new InstrumentDefinitionDecoder();
    private final AccountOpenDecoder accountOpenDecoder = new AccountOpenDecoder();
    private final DepositDecoder depositDecoder = new DepositDecoder();
    private final InsuranceFundDepositDecoder insuranceFundDepositDecoder = new InsuranceFundDepositDecoder();
    private final WithdrawDecoder withdrawDecoder = new WithdrawDecoder();
    private final SetLeverageDecoder setLeverageDecoder = new SetLeverageDecoder();
    private final SetMarginModeDecoder setMarginModeDecoder = new SetMarginModeDecoder();
    private final AdjustIsolatedMarginDecoder adjustIsolatedMarginDecoder = new AdjustIsolatedMarginDecoder();
    private final MarkPriceDecoder markPriceDecoder = new MarkPriceDecoder();
    private final FundingRateDecoder fundingRateDecoder = new FundingRateDecoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final OrderCanceledDecoder orderCanceledDecoder = new OrderCanceledDecoder();
    private final FillDecoder fillDecoder = new FillDecoder();
    private final QueryAccountDecoder queryAccountDecoder = new QueryAccountDecoder();
    private final EventRejectedDecoder eventRejectedDecoder = new EventRejectedDecoder();
    private final UnsafeBuffer rejectDetail = new UnsafeBuffer(new byte[MAX_REJECT_DETAIL_LENGTH]);

    InboundAdapter(
        final EngineCountersImpl counters,
        final OutboundPublisher publisher,
        final ReferenceData referenceData,
        final Wallets wallets,
        final PositionSettings positionSettings,
        final PreTradeCheck preTradeCheck,
        final Executions executions)
    {
        this.counters = counters;
        this.publisher = publisher;
        this.referenceData = referenceData;
        this.wallets = wallets;
        this.positionSettings = positionSettings;
        this.preTradeCheck = preTradeCheck;
        this.executions = executions;
    }

    /**
     * Check one inbound frame and apply it, or reject it.
     */
    void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            publisher.rejectEvent(RejectReason.MALFORMED);
            return;
        }
        headerDecoder.wrap(buffer, offset);
        final int template = headerDecoder.templateId();
        final int schemaId = headerDecoder.schemaId();
        final int version = headerDecoder.version();
        final int blockLength = headerDecoder.blockLength();
        publisher.templateId(template);
        if (template < EngineCountersImpl.MAX_TEMPLATE_ID)
        {
            counters.eventsByTemplate[template]++;
        }
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID || version > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            publisher.rejectEvent(RejectReason.UNSUPPORTED_VERSION);
            return;
        }
        final int bodyOffset = offset + HEADER_LENGTH;
        final int end = offset + length;
        if (bodyOffset + blockLength > end)
        {
            publisher.rejectEvent(RejectReason.MALFORMED);
            return;
        }
        if (template == EventRejectedDecoder.TEMPLATE_ID)
        {
            onIngressReject(buffer, bodyOffset, blockLength, version, end);
            return;
        }
        if (template < 1 || template > MAX_TEMPLATE_ID)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_TEMPLATE);
            return;
        }
        if (blockLength < expectedBlockLength(template) ||
            !variablePartFits(template, buffer, bodyOffset + blockLength, end))
        {
            publisher.rejectEvent(RejectReason.MALFORMED);
            return;
        }
        dispatch(template, buffer, bodyOffset, blockLength, version);
    }

    private static int expectedBlockLength(final int template)
    {
        switch (template)
        {
            case AssetDefinitionDecoder.TEMPLATE_ID: return AssetDefinitionDecoder.BLOCK_LENGTH;
            case AssetPriceDecoder.TEMPLATE_ID: return AssetPriceDecoder.BLOCK_LENGTH;
            case InstrumentDefinitionDecoder.TEMPLATE_ID: return InstrumentDefinitionDecoder.BLOCK_LENGTH;
            case AccountOpenDecoder.TEMPLATE_ID: return AccountOpenDecoder.BLOCK_LENGTH;
            case DepositDecoder.TEMPLATE_ID: return DepositDecoder.BLOCK_LENGTH;
            case InsuranceFundDepositDecoder.TEMPLATE_ID: return InsuranceFundDepositDecoder.BLOCK_LENGTH;
            case WithdrawDecoder.TEMPLATE_ID: return WithdrawDecoder.BLOCK_LENGTH;
            case SetLeverageDecoder.TEMPLATE_ID: return SetLeverageDecoder.BLOCK_LENGTH;
            case SetMarginModeDecoder.TEMPLATE_ID: return SetMarginModeDecoder.BLOCK_LENGTH;
            case AdjustIsolatedMarginDecoder.TEMPLATE_ID: return AdjustIsolatedMarginDecoder.BLOCK_LENGTH;
            case MarkPriceDecoder.TEMPLATE_ID: return MarkPriceDecoder.BLOCK_LENGTH;
            case FundingRateDecoder.TEMPLATE_ID: return FundingRateDecoder.BLOCK_LENGTH;
            case NewOrderDecoder.TEMPLATE_ID: return NewOrderDecoder.BLOCK_LENGTH;
            case OrderCanceledDecoder.TEMPLATE_ID: return OrderCanceledDecoder.BLOCK_LENGTH;
            case FillDecoder.TEMPLATE_ID: return FillDecoder.BLOCK_LENGTH;
            default: return QueryAccountDecoder.BLOCK_LENGTH;
        }
    }

    private static boolean variablePartFits(
        final int template, final DirectBuffer buffer, final int start, final int end)
    {
        int position = start;
        if (template == InstrumentDefinitionDecoder.TEMPLATE_ID)
        {
            if (position + 4 > end)
            {
                return false;
            }
            final int groupBlockLength = buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
            final int count = buffer.getShort(position + 2, LITTLE_ENDIAN) & 0xFFFF;
            if (groupBlockLength < TIER_BLOCK_LENGTH)
            {
                return false;
            }
            position += 4 + groupBlockLength * count;
        }
        else if (template != AssetDefinitionDecoder.TEMPLATE_ID)
        {
            return true;
        }
        if (position + 2 > end)
        {
            return false;
        }
        final int stringLength = buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
        return position + 2 + stringLength <= end;
    }

    private void dispatch(
        final int template, final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        switch (template)
        {
            case AssetDefinitionDecoder.TEMPLATE_ID:
                referenceData.onAssetDefinition(assetDefinitionDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case AssetPriceDecoder.TEMPLATE_ID:
                referenceData.onAssetPrice(assetPriceDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                referenceData.onInstrumentDefinition(
                    instrumentDefinitionDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case AccountOpenDecoder.TEMPLATE_ID:
                wallets.onAccountOpen(accountOpenDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case DepositDecoder.TEMPLATE_ID:
                wallets.onDeposit(depositDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case InsuranceFundDepositDecoder.TEMPLATE_ID:
                wallets.onInsuranceFundDeposit(
                    insuranceFundDepositDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case WithdrawDecoder.TEMPLATE_ID:
                wallets.onWithdraw(withdrawDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case SetLeverageDecoder.TEMPLATE_ID:
                positionSettings.onSetLeverage(setLeverageDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case SetMarginModeDecoder.TEMPLATE_ID:
                positionSettings.onSetMarginMode(setMarginModeDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case AdjustIsolatedMarginDecoder.TEMPLATE_ID:
                positionSettings.onAdjustIsolatedMargin(
                    adjustIsolatedMarginDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case MarkPriceDecoder.TEMPLATE_ID:
                referenceData.onMarkPrice(markPriceDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case FundingRateDecoder.TEMPLATE_ID:
                referenceData.onFundingRate(fundingRateDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case NewOrderDecoder.TEMPLATE_ID:
                preTradeCheck.onNewOrder(newOrderDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case OrderCanceledDecoder.TEMPLATE_ID:
                executions.onOrderCanceled(orderCanceledDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case FillDecoder.TEMPLATE_ID:
                executions.onFill(fillDecoder.wrap(buffer, offset, blockLength, version));
                break;
            default:
                wallets.onQueryAccount(queryAccountDecoder.wrap(buffer, offset, blockLength, version));
                break;
        }
    }

    /**
     * An {@code EventRejected} in the inbound stream is the record the gateway's ingress sequences in place of a frame
     * it refused (no sender can inject one: it is an outbound template, refused on every inbound stream). It is
     * answered with the same reject under this event's seq, so a journal replays with no gateway in the loop.
     */
    private void onIngressReject(
        final DirectBuffer buffer, final int bodyOffset, final int blockLength, final int version, final int end)
    {
        final int dataOffset = bodyOffset + blockLength;
        if (blockLength < EventRejectedDecoder.BLOCK_LENGTH ||
            dataOffset + EventRejectedDecoder.detailHeaderLength() > end)
        {
            publisher.rejectEvent(RejectReason.MALFORMED);
            return;
        }
        eventRejectedDecoder.wrap(buffer, bodyOffset, blockLength, version);
        final RejectReason reason = eventRejectedDecoder.reason();
        final int rejectedTemplateId = eventRejectedDecoder.templateId();
        final int detailLength = eventRejectedDecoder.detailLength();
        if (RejectReason.NULL_VAL == reason || detailLength > MAX_REJECT_DETAIL_LENGTH ||
            dataOffset + EventRejectedDecoder.detailHeaderLength() + detailLength > end)
        {
            publisher.rejectEvent(RejectReason.MALFORMED);
            return;
        }
        eventRejectedDecoder.getDetail(rejectDetail, 0, detailLength);
        publisher.ingressReject(reason, rejectedTemplateId, rejectDetail, detailLength);
    }
}
